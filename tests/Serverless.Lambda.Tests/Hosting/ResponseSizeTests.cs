using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting;

/// <summary>
/// Lambda refuses a response document over 6 MB; the body inside it must cost no more than JSON requires
/// (a quote is \", non-ASCII stays UTF-8), so a body just under the limit still gets through.
/// </summary>
public sealed class ResponseSizeTests
{
    private const int Limit = 6 * 1024 * 1024;

    // Each unit: its UTF-8 bytes and how many more bytes JSON needs for it (one backslash per quote).
    public static TheoryData<string, string, int> Bodies => new()
    {
        { "ASCII markup with quotes", "<a href='/x?a=1&b=2'>say \"hi\" + bye</a>", 2 },
        { "non-ASCII text", "é€😀ñ ü日本語 ", 0 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_text_body_just_under_the_limit_is_answered_whole(string what, string unit, int escapeCost)
    {
        var unitBytes = Encoding.UTF8.GetByteCount(unit);
        // Leave room for statusCode, headers and the document's own punctuation, no more.
        var count = (Limit - 1024) / (unitBytes + escapeCost);
        var body = new StringBuilder(unit.Length * count).Insert(0, unit, count).ToString();
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.Run(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(body);
        }));

        var outcome = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/big"));

        Assert.False(outcome.IsError, $"{what}: {outcome.ErrorType} after {Encoding.UTF8.GetByteCount(body)} body bytes");
        Assert.True(outcome.Body.Length <= Limit);
        var response = GatewayEvents.Parse(outcome.Body);
        Assert.False(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(body, Encoding.UTF8.GetString(GatewayEvents.Body(response)));
    }
}
