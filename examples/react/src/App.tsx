import { useState, type ComponentType } from 'react';
import type { MicromomentMomentName } from 'micromoment';
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

function Hero({ moment }: { moment: MicromomentMomentName | null }) {
  const Block = (moment && BLOCKS[moment]) || Default;
  return (
    <main data-moment={moment ?? 'undecided'}>
      <Block />
      <p>Current moment: {moment ?? 'undecided'}</p>
    </main>
  );
}

function PersonalisedHero() {
  return <Hero moment={useMicromoment({ threshold: 0.5 })} />;
}

export function App() {
  // Turning personalisation off unmounts the hook's only user: the tag stops.
  const [personalised, setPersonalised] = useState(true);
  return (
    <>
      <label className="switch">
        <input
          type="checkbox"
          name="personalised"
          checked={personalised}
          onChange={(e) => setPersonalised(e.target.checked)}
        />{' '}
        Personalised content
      </label>
      {personalised ? <PersonalisedHero /> : <Hero moment={null} />}
    </>
  );
}
