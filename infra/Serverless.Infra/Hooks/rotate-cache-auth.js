// The cache's AUTH token. ElastiCache's ROTATE strategy adds a token beside the one in force (both are
// accepted; a third drops the oldest); SET would drop every other token, so it is never used:
//   setSecret:    ModifyReplicationGroup(pending token, ROTATE): the group accepts the current and the pending
//   testSecret:   waits until the group is available again, the pending token in force beside the current
//   finishSecret: only then does AWSCURRENT name the pending token. Instances started before keep a token the
//                 group accepts until the next rotation, a rotation period later.
const {
  ElastiCacheClient, DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand,
} = require('@aws-sdk/client-elasticache');

const groupId = process.env.REPLICATION_GROUP_ID;
const pollMs = Number(process.env.POLL_MS || 10000);
const ec = new ElastiCacheClient({});

const available = async () => {
  for (;;) {
    const [group] = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }))).ReplicationGroups;
    if (group.Status === 'available') return group;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};

// 64 letters and digits: inside ElastiCache's rules (16-128 printable characters, none of / " @ %), nothing to escape.
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const newToken = () => Array.from(crypto.randomBytes(64), (b) => alphabet[b % 62]).join('');
const wellFormed = (token) => /^[A-Za-z0-9]{16,128}$/.test(token || '');

exports.handler = rotation({
  create: () => ({ token: newToken() }),
  set: async (pending, current, created) => {
    const group = await available();
    // A retried setSecret: the group's token changed after the pending version was written, so it holds the
    // pending token already, and a second ROTATE would drop the current one.
    if (pending.token === current.token || (group.AuthTokenLastModifiedDate && new Date(group.AuthTokenLastModifiedDate) >= created)) return;
    await ec.send(new ModifyReplicationGroupCommand({
      ReplicationGroupId: groupId, AuthToken: pending.token, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true,
    }));
  },
  test: async (pending) => {
    if (!wellFormed(pending.token)) throw new Error('pending token is malformed');
    await available();
  },
});
