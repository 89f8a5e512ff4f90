import { mount } from 'svelte';
// The page's one font, shipped with the app (no request leaves the origin): the page, the
// printout and the screenshots look the same on every machine, whatever fonts it has.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
// English text in Noto Sans: Noto Sans SC draws quotes and apostrophes full-width (Master’ s).
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import App from './app/App.svelte';
import './app/global.css';

mount(App, { target: document.getElementById('app')! });
