// The consistency-token key, in two alternating steps so that every running instance accepts what every
// other signs (instances read the secret once, at start-up):
//   stage:   {key: K, previous: N, stage: "staged"}   N is new: accepted everywhere, signs nowhere yet
//   promote: {key: N, previous: K, stage: "active"}   N signs; K, still accepted, is what older instances sign
// The app signs with "key" and accepts "key" and "previous"; "stage" is ours alone. No setSecret: nothing
// holds the key but the secret itself.
const next = (current) => current.stage === 'staged' && current.previous
  ? { key: current.previous, previous: current.key, stage: 'active' }
  : { key: current.key, previous: crypto.randomBytes(48).toString('base64url'), stage: 'staged' };

exports.next = next;

exports.handler = rotation({
  create: next,
  test: (pending) => {
    if (!(pending.key && pending.key.length >= 32 && pending.previous && pending.previous.length >= 32)) throw new Error('pending key is malformed');
  },
});
