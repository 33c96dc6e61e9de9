namespace Serverless.Core.Jobs;

public enum AttemptStart
{
    Started,
    AlreadySucceeded,
    UnknownJob,
}
