using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Governance;

/// <summary>The licence policy fails the spec at the source's licence line, with DSB3004.</summary>
[TestClass]
public sealed class LicenseGateTests
{
    private static List<Diagnostic> Errors(string intendedUse, string license, string provenance)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("dataset.yaml", $$"""
            name: gate
            version: 1.0.0
            task: { type: classification, input: [text], intended_use: {{intendedUse}} }
            schema:
              text: string
            sources:
              - name: forum
                path: data/*.jsonl
                license: {{license}}
            {{provenance}}
            """);
        var diagnostics = new DiagnosticBag();
        SpecLoader.Load(path, diagnostics, path);
        return diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [TestMethod]
    public void ANonCommercialLicenceFailsACommercialDatasetAtTheLicenceLine()
    {
        var error = Errors("commercial", "CC-BY-NC-4.0", "    provenance: { permissions: [train] }").Single();
        Assert.AreEqual(DiagnosticCodes.LicenseForbidden, error.Code);
        Assert.AreEqual(9, error.Line);
        Assert.AreEqual(14, error.Column);
        StringAssert.Contains(error.Message, "source 'forum': licence 'CC-BY-NC-4.0'");
        StringAssert.Contains(error.Message, "does not permit commercial use");
        Assert.IsEmpty(Errors("research", "CC-BY-NC-4.0", "    provenance: { permissions: [train] }"), "research use is allowed");
    }

    [TestMethod]
    public void AnUnknownIdentifierIsReportedAtItsOwnColumn()
    {
        var error = Errors("research", "\"MIT OR Foo-1.0\"", "    provenance: { permissions: [train] }").Single();
        Assert.AreEqual(DiagnosticCodes.LicenseForbidden, error.Code);
        Assert.AreEqual(9, error.Line);
        Assert.AreEqual(22, error.Column, "the column of 'Foo-1.0' inside the quoted value");
        StringAssert.Contains(error.Message, "'Foo-1.0'");
    }

    [TestMethod]
    public void WithoutTheTrainPermissionTheSourceFails()
    {
        var missing = Errors("research", "MIT", "").Single();
        Assert.AreEqual(DiagnosticCodes.LicenseForbidden, missing.Code);
        StringAssert.Contains(missing.Message, "train");
        Assert.AreEqual(DiagnosticCodes.LicenseForbidden, Errors("research", "MIT", "    provenance: { permissions: [evaluate] }").Single().Code);
    }

    [TestMethod]
    public void ALicenseRefIsAcceptedOnlyWithExplicitPermissions()
    {
        Assert.IsEmpty(Errors("research", "LicenseRef-Acme-Research", "    provenance: { permissions: [train, research] }"));
        Assert.HasCount(1, Errors("commercial", "LicenseRef-Acme-Research", "    provenance: { permissions: [train, research] }"));
    }
}
