import { describe, expect, it } from 'vitest';
import { gridKeys } from '../../src/app/grid-keys.ts';

/** A 3 × 3 table of numbers, the middle row's middle one not a button (a 0). */
function table(): HTMLTableElement {
  const t = document.createElement('table');
  t.innerHTML = `<thead><tr><th><button>sort</button></th></tr></thead><tbody>
    <tr><td>甲</td><td><button>1</button></td><td><button>2</button></td><td><button>3</button></td></tr>
    <tr><td>乙</td><td><button>4</button></td><td>0</td><td><button>6</button></td></tr>
    <tr><td>丙</td><td><button>7</button></td><td><button>8</button></td><td><button>9</button></td></tr>
  </tbody>`;
  document.body.replaceChildren(t);
  return t;
}
const stops = (t: HTMLTableElement) =>
  [...t.querySelectorAll('button')].filter((b) => b.tabIndex === 0).map((b) => b.textContent);
const press = (key: string, ctrlKey = false) =>
  document.activeElement!.dispatchEvent(
    new KeyboardEvent('keydown', { key, ctrlKey, bubbles: true }),
  );
const at = () => document.activeElement?.textContent;

describe('a table of numbers as one Tab stop', () => {
  it('keeps one number in the Tab order, the header’s buttons untouched', () => {
    const t = table();
    gridKeys(t);
    expect(stops(t)).toEqual(['sort', '1']);
  });

  it('moves by the arrows, Home and End, and Tab comes back to the last one visited', () => {
    const t = table();
    gridKeys(t);
    t.querySelector<HTMLButtonElement>('tbody button')!.focus();
    press('ArrowRight');
    expect(at()).toBe('2');
    press('End');
    expect(at()).toBe('3');
    press('ArrowRight'); // past the row's end: the next row's first
    expect(at()).toBe('4');
    press('ArrowDown');
    expect(at()).toBe('7');
    press('End', true);
    expect(at()).toBe('9');
    press('Home', true);
    expect(at()).toBe('1');
    press('ArrowLeft'); // nothing before the first
    expect(at()).toBe('1');
    press('PageDown');
    expect(at()).toBe('7');
    expect(stops(t)).toEqual(['sort', '7']);
  });

  it('follows rows that come and go', async () => {
    const t = table();
    gridKeys(t);
    t.querySelector('tbody tr')!.remove();
    await new Promise((r) => setTimeout(r, 0));
    expect(stops(t)).toEqual(['sort', '4']);
  });
});
