using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class MigrationsSpec(Platforms platforms)
{
    [Fact]
    public void Migrations_run_inside_the_VPC_as_the_owner_with_credentials_resolved_at_build_time()
    {
        foreach (var env in platforms.Both)
        {
            var data = env.Of(env.Stacks.Primary.Data);
            var project = data.Single("AWS::CodeBuild::Project");
            var variables = project["Environment"]!["EnvironmentVariables"]!.AsArray();

            Assert.NotEmpty(project["VpcConfig"]!["Subnets"]!.AsArray());
            Assert.Contains("amazonlinux", (string?)project["Environment"]!["Image"], StringComparison.Ordinal);
            Assert.Contains("Serverless.Cli migrate", project.Text("Source"), StringComparison.Ordinal);
            foreach (var name in new[] { "DB_USER", "DB_PASSWORD" })
            {
                var variable = variables.Single(v => (string?)v!["Name"] == name)!;
                Assert.Equal("SECRETS_MANAGER", (string?)variable["Type"]);
                Assert.Contains("OwnerSecret", variable["Value"]!.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_database_admits_the_migrations_project()
    {
        var data = platforms.Staging.Of(platforms.Staging.Stacks.Primary.Data);

        Assert.Contains(data.Resources("AWS::EC2::SecurityGroupIngress"), rule =>
            rule.Text("SourceSecurityGroupId").Contains("MigrationsSecurityGroup", StringComparison.Ordinal)
            && rule.Text("GroupId").Contains("DatabaseSecurityGroup", StringComparison.Ordinal));
    }

    [Fact]
    public void The_application_login_is_first_rotated_after_the_migration_that_creates_it()
    {
        var schedules = platforms.Production.Of(platforms.Production.Stacks.Primary.Data).Resources("AWS::SecretsManager::RotationSchedule").ToList();

        Assert.Single(schedules, s => (bool?)s["RotateImmediatelyOnUpdate"] == false);
        Assert.Contains("rotate-secret", File.ReadAllText(RepoPaths.Of("scripts", "infra-migrate.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_primary_region_migrates()
    {
        var env = platforms.Production;

        Assert.All(env.Stacks.Secondaries, s => Assert.Empty(env.Of(s.Data).Resources("AWS::CodeBuild::Project")));
    }

    [Fact]
    public void The_CLI_reaches_S3_through_a_gateway_endpoint()
    {
        var foundation = platforms.Staging.Of(platforms.Staging.Stacks.Primary.Foundation);

        Assert.Contains(foundation.Resources("AWS::EC2::VPCEndpoint"), e =>
            e.Text("ServiceName").Contains(".s3", StringComparison.Ordinal) && (string?)e["VpcEndpointType"] == "Gateway");
    }
}
