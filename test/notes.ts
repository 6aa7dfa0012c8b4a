/** Notes shared by the CLI and language-server test suites. */

/** A call that skips Confirm: missing-step and unconfirmed-offer, nothing else. */
export const SKIPS_CONFIRM_NOTE = `# Call with Stephen Cheung

## Explore
- Business win: better communication between the mills
- Personal win: credibility with the executive committee
- Expectation (implicit): something he can show the committee

## Offer
- [O1] A demo for the committee on Monday

## Action
- [x] O1 Demo given @nancy

Score: +1
`;

/** A clean call (all four steps, score +2), without front matter. */
export const CLEAN_CALL = `# Call with Stephen

## Explore
- Business win: better communication between sites
- Personal win: credibility with the executive committee
- Expectation (implicit): convince the committee

## Offer
- [O1] Demo of the intranet on Monday

## Action
- [x] O1 Demo given @nancy

## Confirm
- O1: Stephen confirmed the demo answered the committee's questions

Score: +2
`;
