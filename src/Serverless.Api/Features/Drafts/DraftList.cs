using Serverless.Core.Drafts;

namespace Serverless.Api.Features.Drafts;

public sealed record DraftList(IReadOnlyList<Draft> Items);
