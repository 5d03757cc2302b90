using System.CommandLine;
using DatasetBuild.Core.Spec.Schema;

namespace DatasetBuild.Cli;

/// <summary><c>dsb schema</c>: prints the JSON Schema of the spec (for editors: <c># yaml-language-server: $schema=…</c>).</summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command("schema", "Print the JSON Schema of dataset.yaml, for editor completion and validation.");
        command.SetAction(_ =>
        {
            Console.Out.Write(SpecJsonSchema.Generate());
            return 0;
        });
        return command;
    }
}
