using DatasetBuild.Core.Governance;

namespace DatasetBuild.Tests.Governance;

/// <summary>The licence policy: known ids, LicenseRefs, the train permission, intended uses over AND / OR / WITH.</summary>
[TestClass]
public sealed class LicensePolicyTests
{
    private static readonly string[] Train = ["train"];

    [TestMethod]
    [DataRow("CC0-1.0", "commercial")]
    [DataRow("CC-BY-4.0", "commercial")]
    [DataRow("CC-BY-SA-3.0", "commercial")]
    [DataRow("MIT", "commercial")]
    [DataRow("C-UDA-1.0", "commercial")]
    [DataRow("CC-BY-NC-4.0", "research")]
    [DataRow("CC-BY-NC-SA-4.0", "internal")]
    [DataRow("cc-by-nc-nd-4.0", "research")]
    public void A_licence_that_permits_the_use_is_ok(string license, string use)
    {
        var decision = LicensePolicy.Evaluate(license, use, Train);

        Assert.AreEqual(LicenseVerdict.Ok, decision.Verdict, decision.Message);
        Assert.IsNull(decision.Message);
        CollectionAssert.Contains(decision.PermittedUses.ToList(), use);
    }

    [TestMethod]
    public void A_non_commercial_licence_refuses_commercial_use_with_a_located_reason()
    {
        var decision = LicensePolicy.Evaluate("CC-BY-NC-4.0", "commercial", Train);

        Assert.AreEqual(LicenseVerdict.Violation, decision.Verdict);
        Assert.AreEqual("licence 'CC-BY-NC-4.0' does not permit commercial use", decision.Reason);
        Assert.AreEqual(
            "licence 'CC-BY-NC-4.0' (Creative Commons Attribution Non Commercial 4.0 International: non-commercial) does not permit commercial use (task.intended_use: commercial)",
            decision.Message);
        Assert.AreEqual(0, decision.Offset);
        Assert.AreEqual("CC-BY-NC-4.0".Length, decision.Length);
    }

    [TestMethod]
    public void Unspecified_licences_permit_no_use()
    {
        foreach (var use in IntendedUses.All)
        {
            var decision = LicensePolicy.Evaluate("NOASSERTION", use, Train);

            Assert.AreEqual(LicenseVerdict.Violation, decision.Verdict);
            StringAssert.Contains(decision.Message, "unspecified");
        }
    }

    [TestMethod]
    public void OR_is_acceptable_when_any_alternative_permits_and_the_first_permitting_one_is_chosen()
    {
        var decision = LicensePolicy.Evaluate("CC-BY-NC-4.0 OR CC-BY-SA-4.0 OR MIT", "commercial", Train);

        Assert.IsTrue(decision.IsOk);
        Assert.AreEqual("CC-BY-SA-4.0", decision.Branch);
        CollectionAssert.AreEqual(new[] { "CC-BY-SA-4.0" }, decision.Licenses.ToArray());
        Assert.IsTrue(decision.Attribution);
        Assert.IsTrue(decision.ShareAlike, "the duties are the chosen branch's");
    }

    [TestMethod]
    public void OR_without_an_intended_use_chooses_the_first_alternative()
    {
        var decision = LicensePolicy.Evaluate("CC0-1.0 OR CC-BY-SA-4.0", null, Train);

        Assert.IsTrue(decision.IsOk);
        Assert.AreEqual("CC0-1.0", decision.Branch);
        Assert.IsFalse(decision.Attribution);
        Assert.IsFalse(decision.ShareAlike);
    }

    [TestMethod]
    public void OR_where_no_alternative_permits_names_each_blocker()
    {
        var decision = LicensePolicy.Evaluate("CC-BY-NC-4.0 OR CC-BY-NC-SA-4.0", "commercial", Train);

        Assert.AreEqual(LicenseVerdict.Violation, decision.Verdict);
        Assert.AreEqual("licence 'CC-BY-NC-4.0 OR CC-BY-NC-SA-4.0' does not permit commercial use", decision.Reason);
        StringAssert.StartsWith(decision.Message, "no alternative of 'CC-BY-NC-4.0 OR CC-BY-NC-SA-4.0' permits commercial use");
        StringAssert.Contains(decision.Message, "'CC-BY-NC-4.0' is Creative Commons Attribution Non Commercial 4.0 International: non-commercial");
        StringAssert.Contains(decision.Message, "'CC-BY-NC-SA-4.0' is");
        Assert.AreEqual(-1, decision.Offset);
    }

    [TestMethod]
    public void AND_needs_every_part_to_permit_and_points_at_the_blocker()
    {
        const string expression = "MIT AND CC-BY-NC-4.0";
        var decision = LicensePolicy.Evaluate(expression, "commercial", Train);

        Assert.AreEqual(LicenseVerdict.Violation, decision.Verdict);
        StringAssert.StartsWith(decision.Message, $"'{expression}' does not permit commercial use");
        Assert.AreEqual(expression.IndexOf("CC-BY-NC", StringComparison.Ordinal), decision.Offset);

        var research = LicensePolicy.Evaluate(expression, "research", Train);
        Assert.IsTrue(research.IsOk);
        Assert.AreEqual("MIT AND CC-BY-NC-4.0", research.Branch);
        CollectionAssert.AreEqual(new[] { "research", "internal" }, research.PermittedUses.ToArray());
    }

    [TestMethod]
    public void AND_over_OR_expands_left_to_right_and_sums_the_duties_of_the_chosen_branch()
    {
        var decision = LicensePolicy.Evaluate("(CC-BY-NC-4.0 OR ODbL-1.0) AND (CC-BY-ND-4.0 OR CC0-1.0)", "commercial", Train);

        Assert.IsTrue(decision.IsOk);
        Assert.AreEqual("ODbL-1.0 AND CC-BY-ND-4.0", decision.Branch);
        Assert.IsTrue(decision.Attribution);
        Assert.IsTrue(decision.ShareAlike);
        Assert.IsTrue(decision.NoDerivatives);
    }

    [TestMethod]
    public void WITH_keeps_the_base_licence_terms_and_accepts_known_exceptions()
    {
        var decision = LicensePolicy.Evaluate("GPL-2.0-or-later with classpath-exception-2.0", "commercial", Train);

        Assert.IsTrue(decision.IsOk);
        Assert.AreEqual("GPL-2.0-or-later WITH Classpath-exception-2.0", decision.Branch);
        Assert.IsTrue(decision.ShareAlike);
        Assert.IsTrue(LicensePolicy.Evaluate("Apache-2.0 WITH LLVM-exception", "commercial", Train).IsOk);
    }

    [TestMethod]
    public void An_unknown_exception_is_invalid_at_its_offset()
    {
        var decision = LicensePolicy.Evaluate("Apache-2.0 WITH LLVM-exceptoin", "commercial", Train);

        Assert.AreEqual(LicenseVerdict.Invalid, decision.Verdict);
        StringAssert.StartsWith(decision.Message, "unknown licence exception 'LLVM-exceptoin' after WITH");
        StringAssert.Contains(decision.Message, "did you mean 'LLVM-exception'?");
        Assert.AreEqual(16, decision.Offset);
    }

    [TestMethod]
    public void An_unknown_identifier_is_invalid_with_a_hint_and_a_suggestion()
    {
        var decision = LicensePolicy.Evaluate("MIT OR CC-BY-4", null, Train);

        Assert.AreEqual(LicenseVerdict.Invalid, decision.Verdict);
        Assert.AreEqual("unknown licence identifier 'CC-BY-4'", decision.Reason);
        Assert.AreEqual(
            "unknown licence identifier 'CC-BY-4' (did you mean 'CC-BY-4.0'?); use an SPDX id or LicenseRef-… with provenance.permissions",
            decision.Message);
        Assert.AreEqual(7, decision.Offset);
        Assert.AreEqual(7, decision.Length);
    }

    [TestMethod]
    public void Or_later_uses_the_plus_entry_when_the_table_has_one_and_the_base_licence_otherwise()
    {
        var gpl = LicensePolicy.Evaluate("GPL-2.0+", "commercial", Train);
        var cc = LicensePolicy.Evaluate("CC-BY-NC-3.0+", "research", Train);

        Assert.AreEqual("GPL-2.0+", gpl.Branch);
        Assert.IsTrue(cc.IsOk);
        Assert.AreEqual("CC-BY-NC-3.0+", cc.Branch);
        Assert.AreEqual(LicenseVerdict.Violation, LicensePolicy.Evaluate("CC-BY-NC-3.0+", "commercial", Train).Verdict);
    }

    [TestMethod]
    public void A_syntax_error_is_invalid_at_its_offset()
    {
        var decision = LicensePolicy.Evaluate("MIT AND (ISC", "commercial", Train);

        Assert.AreEqual(LicenseVerdict.Invalid, decision.Verdict);
        Assert.AreEqual("invalid licence expression", decision.Reason);
        Assert.AreEqual("invalid licence expression 'MIT AND (ISC': missing ')' to close the '(' at offset 8", decision.Message);
        Assert.AreEqual(12, decision.Offset);
    }

    [TestMethod]
    public void A_LicenseRef_needs_explicit_permissions()
    {
        var decision = LicensePolicy.Evaluate("MIT AND LicenseRef-acme", "research", []);

        Assert.AreEqual(LicenseVerdict.Invalid, decision.Verdict);
        Assert.AreEqual("'LicenseRef-acme' needs provenance.permissions", decision.Reason);
        StringAssert.Contains(decision.Message, "list the permitted uses in provenance.permissions");
        Assert.AreEqual(8, decision.Offset);
    }

    [TestMethod]
    public void A_LicenseRef_is_judged_by_its_permissions()
    {
        string[] permissions = ["train", "research"];

        var research = LicensePolicy.Evaluate("LicenseRef-acme-research-only", "research", permissions);
        var commercial = LicensePolicy.Evaluate("LicenseRef-acme-research-only", "commercial", permissions);
        var external = LicensePolicy.Evaluate("DocumentRef-acme:LicenseRef-terms", "commercial", ["train", "commercial"]);

        Assert.IsTrue(research.IsOk);
        Assert.IsTrue(research.Attribution, "a custom licence is credited, to be safe");
        Assert.AreEqual(LicenseVerdict.Violation, commercial.Verdict);
        StringAssert.Contains(commercial.Message, "a LicenseRef permitted for research by provenance.permissions");
        Assert.IsTrue(external.IsOk);
    }

    [TestMethod]
    public void A_source_without_the_train_permission_is_a_violation()
    {
        var decision = LicensePolicy.Evaluate("CC0-1.0", "research", ["evaluate"]);
        var none = LicensePolicy.Evaluate("CC0-1.0", null, []);

        Assert.AreEqual(LicenseVerdict.Violation, decision.Verdict);
        Assert.AreEqual("source permissions do not include 'train'", decision.Reason);
        StringAssert.Contains(decision.Message, "(provenance.permissions: [evaluate])");
        Assert.AreEqual(LicenseVerdict.Violation, none.Verdict);
        StringAssert.Contains(none.Message, "(no provenance.permissions)");
        Assert.IsTrue(LicensePolicy.Evaluate("CC0-1.0", null, ["TRAIN"]).IsOk, "permissions compare without case");
    }

    [TestMethod]
    public void Without_an_intended_use_only_the_train_permission_and_known_ids_are_checked()
    {
        Assert.IsTrue(LicensePolicy.Evaluate("CC-BY-NC-ND-4.0", null, Train).IsOk);
        Assert.IsTrue(LicensePolicy.Evaluate("NOASSERTION", null, Train).IsOk);
        Assert.AreEqual(LicenseVerdict.Invalid, LicensePolicy.Evaluate("Foo-1.0", null, Train).Verdict);
    }

    [TestMethod]
    public void An_unknown_intended_use_is_a_programming_error()
    {
        Assert.ThrowsExactly<ArgumentException>(() => LicensePolicy.Evaluate("MIT", "commerical", Train));
    }

    [TestMethod]
    public void Too_many_alternatives_is_invalid_rather_than_slow()
    {
        var factor = "(MIT OR ISC OR Zlib OR 0BSD)";
        var expression = string.Join(" AND ", Enumerable.Repeat(factor, 5));

        var decision = LicensePolicy.Evaluate(expression, "commercial", Train);

        Assert.AreEqual(LicenseVerdict.Invalid, decision.Verdict);
        StringAssert.Contains(decision.Message, "alternatives");
    }

    [TestMethod]
    public void The_table_covers_the_required_licences_with_unique_ids()
    {
        string[] required =
        [
            "CC0-1.0", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0",
            "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC",
            "Unlicense", "PDDL-1.0", "ODC-By-1.0", "ODbL-1.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
            "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "LGPL-3.0-or-later",
            "AGPL-3.0-only", "AGPL-3.0-or-later", "MPL-2.0", "C-UDA-1.0",
        ];
        var table = LicenseTable.Default;

        foreach (var id in required)
        {
            Assert.IsNotNull(table.Find(id), id);
        }

        Assert.HasCount(table.Licenses.Count, table.Licenses.Select(l => l.Id.ToUpperInvariant()).Distinct());
        Assert.AreEqual(LicenseCategory.NonCommercial, table.Find("cc-by-nc-sa-2.0-fr")!.Category);
        Assert.AreEqual("Creative Commons Attribution 3.0 Unported", table.Find("CC-BY-3.0")!.Name);
    }
}
