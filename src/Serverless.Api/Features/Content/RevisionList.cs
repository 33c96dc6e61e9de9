using Serverless.Core.Content;

namespace Serverless.Api.Features.Content;

public sealed record RevisionList(IReadOnlyList<ContentRevision> Items);
