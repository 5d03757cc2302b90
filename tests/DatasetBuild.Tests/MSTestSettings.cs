// End-to-end tests start `dotnet build` processes; the machine has 2 cores, so classes run one at a time.
[assembly: Parallelize(Workers = 1, Scope = ExecutionScope.ClassLevel)]
