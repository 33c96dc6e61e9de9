// A .NET startup hook must be a type named StartupHook in no namespace, with a static Initialize().
#pragma warning disable CA1050 // Declare types in namespaces: the runtime looks for the global StartupHook type.

/// <summary>
/// Writes the process's allocated bytes and GC counts to the file named by ALLOC_HOOK_FILE every 100 ms, so a
/// benchmark can take the difference over a run of N requests. Loaded only by bench/http/alloc.sh.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("ALLOC_HOOK_FILE") is not { Length: > 0 } file)
        {
            return;
        }
        var thread = new Thread(() =>
        {
            var temp = file + ".tmp";
            while (true)
            {
                // precise: true flushes the allocation contexts of every thread, so no in-flight bytes are missed.
                var line = $"{GC.GetTotalAllocatedBytes(precise: true)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}";
                File.WriteAllText(temp, line);
                File.Move(temp, file, overwrite: true);
                Thread.Sleep(100);
            }
        })
        { IsBackground = true, Name = "alloc-hook" };
        thread.Start();
    }
}
