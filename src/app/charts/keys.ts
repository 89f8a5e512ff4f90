/** A keydown handler that does what a click does, for SVG shapes acting as buttons. */
export const onActivate = (f: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    f();
  }
};
