using DatasetBuild.Core.Governance;

namespace DatasetBuild.Tests.Governance;

/// <summary>SPDX licence expressions: ids, LicenseRefs, WITH, AND over OR, parentheses, and located errors.</summary>
[TestClass]
public sealed class SpdxExpressionTests
{
    private static SpdxExpression Parse(string text)
    {
        var result = SpdxExpression.Parse(text);
        Assert.IsTrue(result.Success, $"'{text}': {result.Error} at {result.ErrorOffset}");
        return result.Expression!;
    }

    [TestMethod]
    public void A_single_id_is_a_term()
    {
        var term = (SpdxLicenseTerm)Parse("  CC-BY-4.0 ");

        Assert.AreEqual("CC-BY-4.0", term.Id);
        Assert.IsFalse(term.OrLater);
        Assert.IsNull(term.Exception);
        Assert.AreEqual(2, term.Offset);
        Assert.AreEqual(9, term.Length);
    }

    [TestMethod]
    public void A_trailing_plus_means_or_later()
    {
        var term = (SpdxLicenseTerm)Parse("GPL-2.0+");

        Assert.AreEqual("GPL-2.0", term.Id);
        Assert.IsTrue(term.OrLater);
        Assert.AreEqual("GPL-2.0+", term.ToString());
    }

    [TestMethod]
    public void LicenseRefs_and_DocumentRefs_are_user_defined_terms()
    {
        var local = (SpdxLicenseTerm)Parse("LicenseRef-acme-terms.v2");
        var external = (SpdxLicenseTerm)Parse("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");

        Assert.IsTrue(local.IsLicenseRef);
        Assert.IsTrue(external.IsLicenseRef);
        Assert.AreEqual("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", external.Id);
        Assert.IsFalse(((SpdxLicenseTerm)Parse("MIT")).IsLicenseRef);
    }

    [TestMethod]
    public void WITH_attaches_an_exception_to_one_term()
    {
        var term = (SpdxLicenseTerm)Parse("GPL-2.0-or-later WITH Classpath-exception-2.0");

        Assert.AreEqual("GPL-2.0-or-later", term.Id);
        Assert.AreEqual("Classpath-exception-2.0", term.Exception);
        Assert.AreEqual(22, term.ExceptionOffset);
        Assert.AreEqual("GPL-2.0-or-later WITH Classpath-exception-2.0".Length, term.Length);
    }

    [TestMethod]
    public void AND_binds_tighter_than_OR()
    {
        var root = (SpdxCompound)Parse("MIT OR Apache-2.0 AND CC-BY-4.0 OR ISC");

        Assert.AreEqual(SpdxOperator.Or, root.Operator);
        Assert.HasCount(3, root.Operands);
        var middle = (SpdxCompound)root.Operands[1];
        Assert.AreEqual(SpdxOperator.And, middle.Operator);
        CollectionAssert.AreEqual(new[] { "Apache-2.0", "CC-BY-4.0" }, middle.Operands.Cast<SpdxLicenseTerm>().Select(t => t.Id).ToArray());
    }

    [TestMethod]
    public void Parentheses_override_precedence_and_print_only_where_needed()
    {
        var root = (SpdxCompound)Parse("(MIT OR Apache-2.0) AND (CC-BY-4.0)");

        Assert.AreEqual(SpdxOperator.And, root.Operator);
        Assert.AreEqual("(MIT OR Apache-2.0) AND CC-BY-4.0", root.ToString());
        Assert.AreEqual("MIT OR Apache-2.0 AND ISC", Parse("MIT or (Apache-2.0 and ISC)").ToString());
    }

    [TestMethod]
    public void Operators_are_case_insensitive_and_nested_ones_flatten()
    {
        var root = (SpdxCompound)Parse("MIT or (ISC Or 0BSD) OR Zlib");

        Assert.AreEqual(SpdxOperator.Or, root.Operator);
        CollectionAssert.AreEqual(new[] { "MIT", "ISC", "0BSD", "Zlib" }, root.Terms().Select(t => t.Id).ToArray());
        Assert.AreEqual("Classpath-exception-2.0", ((SpdxLicenseTerm)Parse("GPL-2.0-only with Classpath-exception-2.0")).Exception);
    }

    [TestMethod]
    [DataRow("", "empty licence expression", 0)]
    [DataRow("   ", "empty licence expression", 0)]
    [DataRow("MIT AND", "expected a licence id after 'AND'", 7)]
    [DataRow("MIT OR OR ISC", "expected a licence id after 'OR', found 'OR'", 7)]
    [DataRow("AND MIT", "expected a licence id, found 'AND'", 0)]
    [DataRow("MIT Apache-2.0", "expected 'AND', 'OR' or 'WITH' before 'Apache-2.0'", 4)]
    [DataRow("(MIT OR ISC", "missing ')' to close the '(' at offset 0", 11)]
    [DataRow("MIT OR ISC)", "unexpected ')' with no matching '('", 10)]
    [DataRow("()", "expected a licence id, found ')'", 1)]
    [DataRow("MIT WITH", "expected an exception id after 'WITH'", 8)]
    [DataRow("MIT WITH AND", "expected an exception id after 'WITH'", 9)]
    [DataRow("(MIT OR ISC) WITH LLVM-exception", "'WITH' must follow a single licence id, not a parenthesised expression", 13)]
    [DataRow("MIT, ISC", "unexpected character ','", 3)]
    [DataRow("GPL+2.0", "'+' may only end a licence id", 3)]
    [DataRow("MIT:x", "':' is only allowed in 'DocumentRef-<id>:LicenseRef-<id>'", 3)]
    [DataRow("DocumentRef-a:MIT", "must be 'DocumentRef-<id>:LicenseRef-<id>'", 14)]
    [DataRow("LicenseRef-", "has an empty id", 11)]
    [DataRow("Apache-2.0 WITH LLVM-exception+", "'+' may only end a licence id", 30)]
    public void Errors_carry_a_message_and_the_offset(string text, string message, int offset)
    {
        var result = SpdxExpression.Parse(text);

        Assert.IsFalse(result.Success);
        Assert.IsNull(result.Expression);
        StringAssert.Contains(result.Error, message);
        Assert.AreEqual(offset, result.ErrorOffset, result.Error);
    }

    [TestMethod]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var text = new string('(', 10_000) + "MIT" + new string(')', 10_000);

        var result = SpdxExpression.Parse(text);

        Assert.IsFalse(result.Success);
        StringAssert.Contains(result.Error, "nested deeper than");
    }
}
