namespace Serverless.Core.Data;

public enum DataSourceKind
{
    Primary,
    Replica,
}
