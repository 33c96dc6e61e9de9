namespace Serverless.Core.Data.Migrations;

/// <summary>One numbered, forward-only schema change, e.g. <c>0003_content.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
