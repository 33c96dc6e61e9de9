using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Serverless.SystemTests.Support;

/// <summary>
/// Just enough of the protobuf wire format to read an OTLP <c>ExportTraceServiceRequest</c>: resource spans
/// (service.name), scope spans (scope name), and each span's ids, name, kind, attributes, links and status.
/// Field numbers from opentelemetry-proto's trace.proto, common.proto and resource.proto.
/// </summary>
public static class OtlpTraceDecoder
{
    public static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        var spans = new List<ReceivedSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }
            var service = "";
            var scopes = new List<ReadOnlyMemory<byte>>();
            foreach (var (f, value) in Fields(resourceSpans.Bytes))
            {
                if (f == 1)
                {
                    service = Attributes(value.Bytes, 1).GetValueOrDefault("service.name", "");
                }
                else if (f == 2)
                {
                    scopes.Add(value.Bytes);
                }
            }
            foreach (var scopeSpans in scopes)
            {
                var scope = "";
                foreach (var (f, value) in Fields(scopeSpans))
                {
                    if (f == 1)
                    {
                        scope = Fields(value.Bytes).Where(x => x.Field == 1).Select(x => Text(x.Value.Bytes)).FirstOrDefault() ?? "";
                    }
                    else if (f == 2)
                    {
                        spans.Add(Span(service, scope, value.Bytes));
                    }
                }
            }
        }
        return spans;
    }

    private static ReceivedSpan Span(string service, string scope, ReadOnlyMemory<byte> span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        var links = new List<(string, string)>();
        foreach (var (f, value) in Fields(span))
        {
            switch (f)
            {
                case 1: traceId = Hex(value.Bytes); break;
                case 2: spanId = Hex(value.Bytes); break;
                case 4: parent = Hex(value.Bytes); break;
                case 5: name = Text(value.Bytes); break;
                case 6: kind = (int)value.Varint; break;
                case 13:
                    var link = Fields(value.Bytes).ToList();
                    links.Add((Hex(link.First(x => x.Field == 1).Value.Bytes), Hex(link.First(x => x.Field == 2).Value.Bytes)));
                    break;
                case 15:
                    status = Fields(value.Bytes).Where(x => x.Field == 3).Select(x => (int)x.Value.Varint).FirstOrDefault();
                    break;
            }
        }
        return new ReceivedSpan(service, scope, traceId, spanId, parent, name, kind, Attributes(span, 9), links, status);
    }

    /// <summary>The KeyValue list in field <paramref name="field"/>, values rendered as invariant strings.</summary>
    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (f, keyValue) in Fields(message))
        {
            if (f != field)
            {
                continue;
            }
            string key = "", rendered = "";
            foreach (var (kf, part) in Fields(keyValue.Bytes))
            {
                if (kf == 1)
                {
                    key = Text(part.Bytes);
                }
                else if (kf == 2)
                {
                    foreach (var (vf, v) in Fields(part.Bytes))
                    {
                        rendered = vf switch
                        {
                            1 => Text(v.Bytes),
                            2 => v.Varint != 0 ? "true" : "false",
                            3 => ((long)v.Varint).ToString(CultureInfo.InvariantCulture),
                            4 => BitConverter.Int64BitsToDouble((long)v.Varint).ToString(CultureInfo.InvariantCulture),
                            _ => rendered,
                        };
                    }
                }
            }
            attributes[key] = rendered;
        }
        return attributes;
    }

    private readonly record struct Value(ulong Varint, ReadOnlyMemory<byte> Bytes);

    private static IEnumerable<(int Field, Value Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message.Span, ref position);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    yield return (field, new Value(ReadVarint(message.Span, ref position), default));
                    break;
                case 1:
                    yield return (field, new Value(BinaryPrimitives.ReadUInt64LittleEndian(message.Span[position..]), default));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    yield return (field, new Value(0, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    yield return (field, new Value(BinaryPrimitives.ReadUInt32LittleEndian(message.Span[position..]), default));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
