using DatasetBuild.Cli;

return DsbCommandLine.Create().Parse(args).Invoke();
