using NpgsqlTypes;
using Serverless.Core.Content;

namespace Serverless.Core.PublicContent;

/// <summary>
/// One public look-up: the tenant's public settings and its published item, if any. <see cref="ReadAt"/>
/// is the WAL position the answer reflects, so a cache can tell whether it predates a change.
/// </summary>
public sealed record PublishedLookup(PublicSettings Settings, ContentItem? Item, NpgsqlLogSequenceNumber ReadAt);
