namespace Serverless.Aws.Idempotency;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>The DynamoDB table (key "id" as a string, TTL on "expiration"); the stack sets it on AWS.</summary>
    public string Table { get; set; } = "serverless-idempotency";

    /// <summary>A DynamoDB-compatible endpoint (dynalite locally, from <c>SL_DYNAMODB_URL</c>); empty on AWS.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Create the table when missing; always on with an emulator (the stack does it on AWS).</summary>
    public bool Provision { get; set; }

    /// <summary>How long a completed record is kept (and so how late a duplicate is still caught).</summary>
    public int CompletedHours { get; set; } = 24;
}
