using DatasetBuild.Cli;

namespace DatasetBuild.Tests.Support;

/// <summary>Runs the real `dsb` command line in this process, capturing what it prints.</summary>
public static class DsbRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (savedOut, savedErr) = (Console.Out, Console.Error);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (DsbCommandLine.Create().Parse(args).Invoke(), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
        }
    }
}
