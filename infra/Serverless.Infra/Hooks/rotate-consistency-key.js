// Secrets Manager rotation for the consistency-token key, in two alternating steps so that every running
// instance accepts what every other signs (instances read the secret once, at start-up):
//   stage:   {key: K, previous: N, stage: "staged"}   N is new: accepted everywhere, signs nowhere yet
//   promote: {key: N, previous: K, stage: "active"}   N signs; K, still accepted, is what older instances sign
// The app signs with "key" and accepts "key" and "previous"; "stage" is ours alone.
const crypto = require('crypto');
const {
  SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand,
} = require('@aws-sdk/client-secrets-manager');

const next = (current) => current.stage === 'staged' && current.previous
  ? { key: current.previous, previous: current.key, stage: 'active' }
  : { key: current.key, previous: crypto.randomBytes(48).toString('base64url'), stage: 'staged' };

exports.next = next;

exports.handler = async ({ SecretId: id, ClientRequestToken: token, Step: step }) => {
  const sm = new SecretsManagerClient({});
  const described = await sm.send(new DescribeSecretCommand({ SecretId: id }));
  const stages = (described.VersionIdsToStages || {})[token];
  if (!described.RotationEnabled || !stages) throw new Error(`version ${token} of ${id} is not being rotated`);
  if (stages.includes('AWSCURRENT')) return;
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} of ${id} is not pending`);

  if (step === 'createSecret') {
    try {
      await sm.send(new GetSecretValueCommand({ SecretId: id, VersionId: token, VersionStage: 'AWSPENDING' }));
      return;
    } catch (err) {
      if (err.name !== 'ResourceNotFoundException') throw err;
    }
    const current = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: id, VersionStage: 'AWSCURRENT' }))).SecretString);
    await sm.send(new PutSecretValueCommand({
      SecretId: id, ClientRequestToken: token, SecretString: JSON.stringify(next(current)), VersionStages: ['AWSPENDING'],
    }));
  } else if (step === 'testSecret') {
    const pending = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: id, VersionId: token, VersionStage: 'AWSPENDING' }))).SecretString);
    if (!(pending.key && pending.key.length >= 32 && pending.previous && pending.previous.length >= 32)) throw new Error('pending key is malformed');
  } else if (step === 'finishSecret') {
    const current = Object.entries(described.VersionIdsToStages).find(([, s]) => s.includes('AWSCURRENT'))[0];
    await sm.send(new UpdateSecretVersionStageCommand({
      SecretId: id, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current,
    }));
  }
  // setSecret: nothing holds the key but the secret itself.
};
