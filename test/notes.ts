/** Notes shared by the language-server test suites. */

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
