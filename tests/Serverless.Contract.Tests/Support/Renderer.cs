using System.Text.Json.Nodes;

namespace Serverless.Contract.Tests.Support;

/// <summary>
/// Turns CloudFormation values into the strings a deployed function would see, with a stand-in physical
/// name for each resource derived from its logical id (a queue's URL and ARN, a table's name and ARN, a
/// secret's ARN, ...). Names and ARNs come out consistent, so an ARN the code derives from a configured
/// URL or name equals the ARN a policy names. Cross-stack imports and CDK's cross-region exports are
/// followed into the stack that exports the value.
/// </summary>
public sealed class Renderer(IReadOnlyList<StackTemplate> stacks)
{
    public string Render(JsonNode? node, StackTemplate stack) => node switch
    {
        null => "",
        JsonValue value => value.ToString(),
        JsonArray array => string.Join(",", array.Select(n => Render(n, stack))),
        JsonObject obj => RenderIntrinsic(obj, stack),
        _ => node.ToJsonString(),
    };

    private string RenderIntrinsic(JsonObject obj, StackTemplate stack)
    {
        if (obj.Count != 1)
        {
            return obj.ToJsonString();
        }
        var (name, arg) = obj.First();
        return name switch
        {
            "Ref" => Ref((string)arg!, stack),
            "Fn::GetAtt" => GetAtt((string)arg![0]!, (string)arg[1]!, stack),
            "Fn::Join" => string.Join((string)arg![0]!, arg[1]!.AsArray().Select(n => Render(n, stack))),
            "Fn::ImportValue" => Import(Render(arg, stack)),
            "Fn::Select" => Render(arg![1], stack).Split(',')[int.Parse(Render(arg[0], stack), System.Globalization.CultureInfo.InvariantCulture)],
            "Fn::Split" => string.Join(",", Render(arg![1], stack).Split((string)arg[0]!)),
            "Fn::Sub" => Sub(arg!, stack),
            _ => obj.ToJsonString(),
        };
    }

    private string Ref(string id, StackTemplate stack) => id switch
    {
        "AWS::Region" => stack.Region,
        "AWS::AccountId" => stack.Account,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackName" => stack.Name,
        _ => stack.TypeOf(id) switch
        {
            "AWS::SQS::Queue" => $"https://sqs.{stack.Region}.amazonaws.com/{stack.Account}/{id}",
            "AWS::SecretsManager::Secret" => $"arn:aws:secretsmanager:{stack.Region}:{stack.Account}:secret:{SecretName(id, stack)}-AbCdEf",
            null when stack.Json["Parameters"]?[id] is { } p => (string?)p["Default"] ?? id,
            _ => id,
        },
    };

    private string GetAtt(string id, string attribute, StackTemplate stack)
    {
        var type = stack.TypeOf(id);
        if (type == "Custom::CrossRegionExportReader")
        {
            return CrossRegionExport(attribute);
        }
        return (type, attribute) switch
        {
            ("AWS::SQS::Queue", "Arn") => $"arn:aws:sqs:{stack.Region}:{stack.Account}:{id}",
            ("AWS::SQS::Queue", "QueueName") => id,
            ("AWS::SQS::Queue", "QueueUrl") => Ref(id, stack),
            ("AWS::DynamoDB::GlobalTable" or "AWS::DynamoDB::Table", "Arn") => $"arn:aws:dynamodb:{stack.Region}:{stack.Account}:table/{id}",
            ("AWS::KMS::Key", "Arn") => $"arn:aws:kms:{stack.Region}:{stack.Account}:key/{id}",
            ("AWS::Lambda::Function", "Arn") => $"arn:aws:lambda:{stack.Region}:{stack.Account}:function:{id}",
            ("AWS::IAM::Role", "Arn") => $"arn:aws:iam::{stack.Account}:role/{id}",
            ("AWS::Lambda::Version", "Version") => "1",
            _ => $"{id}.{attribute}.stand-in",
        };
    }

    private static string SecretName(string id, StackTemplate stack) =>
        (string?)stack.Resource(id)!["Properties"]?["Name"] ?? id;

    private string Import(string exportName)
    {
        foreach (var stack in stacks)
        {
            foreach (var output in stack.Json["Outputs"]?.AsObject() ?? [])
            {
                if (output.Value?["Export"]?["Name"] is { } name && Render(name, stack) == exportName)
                {
                    return Render(output.Value["Value"], stack);
                }
            }
        }
        throw new InvalidOperationException($"nothing exports {exportName}");
    }

    private string CrossRegionExport(string name)
    {
        foreach (var stack in stacks)
        {
            foreach (var (_, writer) in stack.OfType("Custom::CrossRegionExportWriter"))
            {
                if (writer["Properties"]?["WriterProps"]?["exports"]?[name] is { } value)
                {
                    return Render(value, stack);
                }
            }
        }
        throw new InvalidOperationException($"no stack writes the cross-region export {name}");
    }

    private string Sub(JsonNode arg, StackTemplate stack)
    {
        var text = arg is JsonArray a ? (string)a[0]! : (string)arg!;
        return System.Text.RegularExpressions.Regex.Replace(text, @"\$\{([^}]+)\}", m =>
        {
            var expression = m.Groups[1].Value;
            var dot = expression.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && !expression.StartsWith("AWS::", StringComparison.Ordinal)
                ? GetAtt(expression[..dot], expression[(dot + 1)..], stack)
                : Ref(expression, stack);
        });
    }
}
