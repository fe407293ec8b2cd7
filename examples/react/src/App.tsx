import type { ComponentType } from 'react';
import { useMicromoment } from './useMicromoment';

function Buy() {
  return (
    <section data-block="buy">
      <h1>In stock — free delivery</h1>
      <button type="button" className="add-to-cart">Add to cart</button>
    </section>
  );
}

function Go() {
  return <section data-block="go"><h1>Visit our store today</h1></section>;
}

function Do() {
  return <section data-block="do"><h1>How-to: care for your shoes</h1></section>;
}

function Know() {
  return <section data-block="know"><h1>Trail shoes, explained</h1></section>;
}

function Default() {
  return <section data-block="default"><h1>Shoes for every trail</h1></section>;
}

const BLOCKS: Record<string, ComponentType> = { buy: Buy, go: Go, do: Do, know: Know };

export function App() {
  const moment = useMicromoment({ threshold: 0.5 });
  const Block = (moment && BLOCKS[moment]) || Default;
  return (
    <main data-moment={moment ?? 'undecided'}>
      <Block />
      <p>Current moment: {moment ?? 'undecided'}</p>
    </main>
  );
}
