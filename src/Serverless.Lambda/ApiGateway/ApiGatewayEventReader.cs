using System.Text.Json;

namespace Serverless.Lambda.ApiGateway;

/// <summary>Reads an API Gateway proxy event of either payload format.</summary>
public static class ApiGatewayEventReader
{
    public static GatewayRequest Read(ReadOnlySpan<byte> json)
    {
        if (DetectFormat(json) == PayloadFormat.V2)
        {
            var v2 = JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.HttpApiRequest)
                ?? throw new JsonException("The event is null.");
            return HttpApiRequestTranslator.Translate(v2);
        }

        var v1 = JsonSerializer.Deserialize(json, ApiGatewayJsonContext.Default.RestApiRequest)
            ?? throw new JsonException("The event is null.");
        return RestApiRequestTranslator.Translate(v1);
    }

    /// <summary>2.0 says so in <c>version</c>; REST APIs send no version at all, HTTP APIs on 1.0 send "1.0".</summary>
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
                return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8) ? PayloadFormat.V2 : PayloadFormat.V1;
            }

            reader.Read();
            reader.Skip();
        }

        return PayloadFormat.V1;
    }
}
