using System.Text.Json;

namespace Serverless.Lambda.ApiGateway;

/// <summary>Reads an API Gateway proxy event of either payload format.</summary>
public static class ApiGatewayEventReader
{
    /// <summary>
    /// A JSON object is taken for an API Gateway event; one that cannot be read or translated is the
    /// request's fault (<see cref="MalformedEventException"/>, answered 400). Anything else is not an event
    /// for this function at all (<see cref="JsonException"/>, an invocation error).
    /// </summary>
    public static GatewayRequest Read(ReadOnlySpan<byte> json)
    {
        var format = DetectFormat(json);
        try
        {
            if (format == PayloadFormat.V2)
            {
                var v2 = JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.HttpApiRequest)!;
                return HttpApiRequestTranslator.Translate(v2);
            }

            var v1 = JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.RestApiRequest)!;
            return RestApiRequestTranslator.Translate(v1);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or MalformedEventException)
        {
            throw exception as MalformedEventException ?? new MalformedEventException(format, exception.Message, exception);
        }
    }

    /// <summary>
    /// 2.0 says so in <c>version</c>; REST APIs send no version at all, HTTP APIs on 1.0 send "1.0". A version
    /// that is 2 in any other form is no valid event, but it is answered in the 2.0 shape its sender expects.
    /// </summary>
    public static PayloadFormat DetectFormat(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An API Gateway event is a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                return reader.TokenType switch
                {
                    JsonTokenType.String when reader.GetString() is { } text && text.StartsWith('2') => PayloadFormat.V2,
                    JsonTokenType.Number when reader.TryGetDouble(out var number) && (int)number == 2 => PayloadFormat.V2,
                    _ => PayloadFormat.V1,
                };
            }

            reader.Read();
            reader.Skip();
        }

        return PayloadFormat.V1;
    }
}
