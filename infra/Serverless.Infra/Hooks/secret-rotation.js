// Secrets Manager's four rotation steps, shared by our rotation functions: each function's source is this
// file followed by its own, which sets exports.handler = rotation({ create, set, test }).
//   create(current)                  the next value, from AWSCURRENT's (put as AWSPENDING, once)
//   set(pending, current, created)   makes the outside world accept the pending value (optional)
//   test(pending)                    throws unless the pending value is usable
// finishSecret then moves AWSCURRENT to the pending version, and only then do new instances read it.
const crypto = require('crypto');
const {
  SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand,
} = require('@aws-sdk/client-secrets-manager');

const rotation = (steps) => async ({ SecretId: id, ClientRequestToken: token, Step: step }) => {
  const sm = new SecretsManagerClient({});
  const described = await sm.send(new DescribeSecretCommand({ SecretId: id }));
  const stages = (described.VersionIdsToStages || {})[token];
  if (!described.RotationEnabled || !stages) throw new Error(`version ${token} of ${id} is not being rotated`);
  if (stages.includes('AWSCURRENT')) return;
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} of ${id} is not pending`);
  const read = (stage, version) => sm.send(new GetSecretValueCommand({ SecretId: id, VersionId: version, VersionStage: stage }));
  const current = async () => JSON.parse((await read('AWSCURRENT')).SecretString);

  if (step === 'createSecret') {
    try {
      await read('AWSPENDING', token);
      return;
    } catch (err) {
      if (err.name !== 'ResourceNotFoundException') throw err;
    }
    await sm.send(new PutSecretValueCommand({
      SecretId: id, ClientRequestToken: token, SecretString: JSON.stringify(await steps.create(await current())), VersionStages: ['AWSPENDING'],
    }));
  } else if (step === 'setSecret' || step === 'testSecret') {
    const pending = await read('AWSPENDING', token);
    if (step === 'testSecret') await steps.test(JSON.parse(pending.SecretString));
    else if (steps.set) await steps.set(JSON.parse(pending.SecretString), await current(), new Date(pending.CreatedDate));
  } else if (step === 'finishSecret') {
    const from = Object.entries(described.VersionIdsToStages).find(([, s]) => s.includes('AWSCURRENT'))[0];
    await sm.send(new UpdateSecretVersionStageCommand({
      SecretId: id, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: from,
    }));
  }
};
