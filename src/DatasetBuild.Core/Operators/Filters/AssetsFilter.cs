using System.Globalization;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// <c>assets</c>: each listed asset must exist and be readable (<c>missing asset</c>), have a readable header
/// and, with <c>decode</c>, decode in full (<c>undecodable asset</c>), and meet the bounds: images
/// <c>min_width</c>/<c>min_height</c>, audio <c>min_seconds</c>/<c>max_seconds</c>. Works on what ingest
/// recorded about the files; records whose source does not declare a field as an asset pass for that field.
/// </summary>
public sealed class AssetsFilter(AssetsFilterSpec spec) : RecordOperator(spec.DisplayName, "filter")
{
    public const string MissingReason = "missing asset";
    public const string UndecodableReason = "undecodable asset";

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        foreach (var field in spec.Fields)
        {
            if (record.AssetOf(field) is not { } asset)
            {
                continue;
            }

            if (asset.Missing is { } missing)
            {
                return OperatorResult.Drop(MissingReason, asset.Path.Length == 0 ? $"'{field}': {missing}" : $"'{field}' {asset.Path}: {missing}");
            }

            var bounded = spec.MinWidth is not null || spec.MinHeight is not null || spec.MinSeconds is not null || spec.MaxSeconds is not null;
            if ((spec.Decode || bounded) && asset.HeaderProblem is { } header)
            {
                return OperatorResult.Drop(UndecodableReason, $"'{field}' {asset.Path}: {header}");
            }

            if (spec.Decode && asset.DecodeProblem is { } problem)
            {
                return OperatorResult.Drop(UndecodableReason, $"'{field}' {asset.Path}: {problem}");
            }

            if (asset.Kind == "image")
            {
                var size = string.Create(CultureInfo.InvariantCulture, $"{asset.Width}x{asset.Height} px");
                if (asset.Width < spec.MinWidth)
                {
                    return OperatorResult.Drop($"'{field}' less than {spec.MinWidth} px wide", size);
                }

                if (asset.Height < spec.MinHeight)
                {
                    return OperatorResult.Drop($"'{field}' less than {spec.MinHeight} px high", size);
                }
            }

            if (asset.Kind == "audio")
            {
                var seconds = string.Create(CultureInfo.InvariantCulture, $"{asset.Seconds:0.00} s");
                if (asset.Seconds < spec.MinSeconds)
                {
                    return OperatorResult.Drop(string.Create(CultureInfo.InvariantCulture, $"'{field}' shorter than {spec.MinSeconds} s"), seconds);
                }

                if (asset.Seconds > spec.MaxSeconds)
                {
                    return OperatorResult.Drop(string.Create(CultureInfo.InvariantCulture, $"'{field}' longer than {spec.MaxSeconds} s"), seconds);
                }
            }
        }

        return OperatorResult.Kept;
    }
}
