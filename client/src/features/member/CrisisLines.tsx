import { LifelineLinks } from '../crisis/LifelineLinks';

/** The 988 information in the page itself (the same lines as the crisis panel), for when there is no session. */
export function CrisisLines() {
  return (
    <section className="card crisis-inline" aria-labelledby="crisis-inline-title">
      <h2 id="crisis-inline-title">If you want to talk to someone now</h2>
      <p>The 988 Suicide &amp; Crisis Lifeline is free, confidential and open 24 hours a day, 7 days a week.</p>
      <LifelineLinks />
    </section>
  );
}
