using Serverless.Infra.Constructs;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class DatabaseSpec(Platforms platforms)
{
    private CfnResource PrimaryInstance(SynthesizedEnvironment env) =>
        env.Of(env.Stacks.Primary.Data).Single("AWS::RDS::DBInstance");

    [Fact]
    public void The_primary_is_PostgreSQL_15_encrypted_with_the_region_key_and_private()
    {
        foreach (var env in platforms.Both)
        {
            var db = PrimaryInstance(env);

            Assert.Equal("postgres", (string?)db["Engine"]);
            Assert.StartsWith("15", (string?)db["EngineVersion"]);
            Assert.True((bool?)db["StorageEncrypted"]);
            Assert.Contains("RegionKey", db.Text("KmsKeyId"), StringComparison.Ordinal);
            Assert.False((bool?)db["PubliclyAccessible"]);
            Assert.True((bool?)db["EnablePerformanceInsights"]);
            Assert.True(int.Parse(db.Text("BackupRetentionPeriod"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        }
    }

    [Fact]
    public void Production_is_protected_from_deletion_and_snapshotted_staging_is_not()
    {
        var production = PrimaryInstance(platforms.Production);
        var staging = PrimaryInstance(platforms.Staging);

        Assert.True((bool?)production["DeletionProtection"]);
        Assert.Equal("Snapshot", (string?)production.Json["DeletionPolicy"]);
        Assert.True((bool?)production["MultiAZ"]);
        Assert.False((bool?)staging["DeletionProtection"]);
        Assert.Equal("Delete", (string?)staging.Json["DeletionPolicy"]);
    }

    [Fact]
    public void Connections_without_TLS_are_refused()
    {
        var parameters = platforms.Staging.Of(platforms.Staging.Stacks.Primary.Data).Single("AWS::RDS::DBParameterGroup");

        Assert.Equal("1", (string?)parameters["Parameters"]!["rds.force_ssl"]);
    }

    [Fact]
    public void The_proxy_requires_TLS_and_serves_the_application_role_and_the_owner()
    {
        foreach (var env in platforms.Both)
        {
            var data = env.Of(env.Stacks.Primary.Data);
            var proxy = data.Single("AWS::RDS::DBProxy");

            Assert.True((bool?)proxy["RequireTLS"]);
            Assert.Equal("POSTGRESQL", (string?)proxy["EngineFamily"]);
            Assert.Equal(2, proxy["Auth"]!.AsArray().Count);
        }
    }

    [Fact]
    public void The_application_connects_as_serverless_app_whose_password_rotates()
    {
        var data = platforms.Production.Of(platforms.Production.Stacks.Primary.Data);
        var secrets = data.Resources("AWS::SecretsManager::Secret").ToList();

        var app = Assert.Single(secrets, s => s.Text("GenerateSecretString").Contains(PrimaryDatabase.AppUser, StringComparison.Ordinal));
        // The owner's and the app's (the cache token's is CacheAuthRotationSpec's).
        Assert.Equal(2, data.Resources("AWS::SecretsManager::RotationSchedule").Count(r => r.LogicalId.StartsWith("Database", StringComparison.Ordinal)));
        // Replicated so the read replicas in the other regions can be reached with the same role.
        Assert.Equal(
            platforms.Production.Config.Secondaries.Select(r => r.Region).Order(),
            app["ReplicaRegions"]!.AsArray().Select(r => (string)r!["Region"]!).Order());
    }

    [Fact]
    public void Every_secondary_region_has_a_replica_of_the_primary_encrypted_with_its_own_key()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var secondary in env.Stacks.Secondaries)
            {
                var replica = env.Of(secondary.Data).Single("AWS::RDS::DBInstance");
                var source = replica.Text("SourceDBInstanceIdentifier");

                Assert.Contains($"arn:aws:rds:{env.Config.Primary.Region}:{env.Config.Account}:db:", source, StringComparison.Ordinal);
                Assert.Contains("RefDatabaseInstance", source, StringComparison.Ordinal);
                Assert.Equal(env.Config.Primary.Region, (string?)replica["SourceRegion"]);
                Assert.True((bool?)replica["StorageEncrypted"]);
                Assert.Contains(secondary.Foundation.StackName, replica.Text("KmsKeyId"), StringComparison.Ordinal);
                Assert.False((bool?)replica["PubliclyAccessible"]);
            }
        }
    }

    [Fact]
    public void Every_replica_has_its_own_parameter_group_refusing_connections_without_TLS()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var secondary in env.Stacks.Secondaries)
            {
                var data = env.Of(secondary.Data);
                var replica = data.Single("AWS::RDS::DBInstance");
                var parameters = data.Single("AWS::RDS::DBParameterGroup");

                Assert.Contains(parameters.LogicalId, replica.Text("DBParameterGroupName"), StringComparison.Ordinal);
                Assert.Equal("postgres15", (string?)parameters["Family"]);
                Assert.Equal("1", (string?)parameters["Parameters"]!["rds.force_ssl"]);
            }
        }
    }

    [Fact]
    public void Replicas_are_Multi_AZ_in_production_and_export_their_logs()
    {
        foreach (var env in platforms.Both)
        {
            foreach (var secondary in env.Stacks.Secondaries)
            {
                var replica = env.Of(secondary.Data).Single("AWS::RDS::DBInstance");

                Assert.Equal(env.Config.IsProduction, (bool?)replica["MultiAZ"] ?? false);
                Assert.Equal(["postgresql", "upgrade"], replica["EnableCloudwatchLogsExports"]!.AsArray().Select(l => (string)l!));
            }
        }
        Assert.True(platforms.Production.Config.Database.MultiAz);
    }
}
