// CodeDeploy BeforeAllowTraffic hook: invoke the new version (not the alias) with an API Gateway REST
// event for CHECK_PATH and report Succeeded only for a 200. Any other answer, a function error or a
// failed invoke reports Failed, and CodeDeploy stops the deployment before any traffic moves.
// Uses the AWS SDK v3 bundled in the Lambda Node.js runtime.
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');

const smokeEvent = (path) => ({
  resource: path,
  path,
  httpMethod: 'GET',
  headers: { Accept: 'application/json', 'User-Agent': 'serverless-pre-traffic-hook' },
  multiValueHeaders: { Accept: ['application/json'], 'User-Agent': ['serverless-pre-traffic-hook'] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  requestContext: {
    resourcePath: path,
    httpMethod: 'GET',
    path,
    stage: 'pre-traffic',
    requestId: 'pre-traffic-' + Date.now(),
    identity: { sourceIp: '127.0.0.1', userAgent: 'serverless-pre-traffic-hook' },
  },
  body: null,
  isBase64Encoded: false,
});

async function check(lambda, target, path) {
  try {
    const res = await lambda.send(new InvokeCommand({
      FunctionName: target,
      Payload: Buffer.from(JSON.stringify(smokeEvent(path))),
    }));
    if (res.FunctionError) {
      return { status: 'Failed', reason: 'function error ' + res.FunctionError };
    }
    const answer = JSON.parse(Buffer.from(res.Payload || []).toString() || '{}');
    return answer.statusCode === 200
      ? { status: 'Succeeded', reason: 'GET ' + path + ' answered 200' }
      : { status: 'Failed', reason: 'GET ' + path + ' answered ' + answer.statusCode };
  } catch (err) {
    return { status: 'Failed', reason: 'invoke failed: ' + (err && err.name) + ' ' + (err && err.message) };
  }
}

exports.handler = async (event) => {
  const target = process.env.TARGET_VERSION_ARN;
  const path = process.env.CHECK_PATH || '/health/ready';
  const result = await check(new LambdaClient({}), target, path);
  console.log(JSON.stringify({ target, ...result }));
  await new CodeDeployClient({}).send(new PutLifecycleEventHookExecutionStatusCommand({
    deploymentId: event.DeploymentId,
    lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
    status: result.status,
  }));
  return result.status;
};
