using Amazon.CDK;
using Serverless.Infra.Config;
using Serverless.Infra.Stacks;

// cdk synth -c config=infra/config/production.json   (staging by default)
// -c apiArtifact=... -c workerArtifact=... -c migrationsArtifact=... point at other zips, e.g. a placeholder
// for a synth-only check.
var app = new App();
var root = ConfigLoader.FindRepoRoot(Directory.GetCurrentDirectory());
var configPath = app.Node.TryGetContext("config") as string ?? "infra/config/staging.json";
var config = ConfigLoader.Load(Path.GetFullPath(configPath, root), root)
    .WithArtifacts(
        app.Node.TryGetContext("apiArtifact") as string,
        app.Node.TryGetContext("workerArtifact") as string,
        app.Node.TryGetContext("migrationsArtifact") as string);

PlatformStacks.Create(app, config);
app.Synth();
