using System.CommandLine;
using DatasetBuild.Core.Engine;

namespace DatasetBuild.Cli;

/// <summary>The `dsb` commands. Each command is a small class; this wires them into one root.</summary>
public static class DsbCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            $"dsb {EngineVersion.Tool}: the DatasetBuild command line. Build datasets with `dotnet build`; use dsb to check and inspect them.");
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        return root;
    }
}
