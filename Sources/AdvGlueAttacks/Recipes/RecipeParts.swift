import AdvGlueSupport
import AdvGlueYAML

/// Every kind of recipe part, by seam: the one table that recipe loading, the
/// "known:" lists of recipe errors, `advglue recipes` and `docs/recipes.md` are drawn
/// from. A new part is a type in its seam's folder with a `recipePart`, listed here.
public enum RecipeParts {
    public static let goals: [RecipePart<any GoalFunction>] = [
        UntargetedClassification.recipePart,
        TargetedClassification.recipePart,
    ]

    public static let transformations: [RecipePart<any Transformation>] = [
        CharacterTypo.recipePart,
        RandomCharacterEdit.recipePart,
        WordNetSynonym.recipePart,
        Homoglyph.recipePart,
        InvisibleCharacter.recipePart,
        Distraction.recipePart,
        ParaphraseTemplates.recipePart,
        CompositeTransformation.recipePart,
    ]

    public static let preConstraints: [RecipePart<any PreTransformationConstraint>] = [
        StopwordModification.recipePart,
        MaxModificationRate.recipePart,
        RepeatModification.recipePart,
        MinWordLength.recipePart,
    ]

    public static let constraints: [RecipePart<any Constraint>] = [
        MaxEditDistance.recipePart,
        LevenshteinEditDistance.recipePart,
        PartOfSpeechAgreement.recipePart,
        SentenceSimilarity.recipePart,
        BERTScoreThreshold.recipePart,
    ]

    public static let searches: [RecipePart<any SearchMethod>] = [
        GreedyWordImportance.recipePart,
        HardLabelSearch.recipePart,
        BeamSearch.greedyRecipePart,
        BeamSearch.recipePart,
        GeneticSearch.recipePart,
        TemplateSearch.recipePart,
    ]

    /// The seams in the order a recipe lists them, with the key that holds them and
    /// what their parts are, for listings.
    public static var seams:
        [(key: String, name: String, parts: [(type: String, summary: String, options: [RecipeOption])])]
    {
        func describe<T>(_ parts: [RecipePart<T>]) -> [(type: String, summary: String, options: [RecipeOption])] {
            parts.map { ($0.type, $0.summary, $0.options) }
        }
        return [
            ("goal", "goal", describe(goals)),
            ("transformation", "transformation", describe(transformations)),
            ("pre_constraints", "pre-transformation constraint", describe(preConstraints)),
            ("constraints", "constraint", describe(constraints)),
            ("search", "search method", describe(searches)),
        ]
    }

    /// Builds the part `node` names with its `type`; an unknown type is an error listing
    /// the known ones, and a key the part does not read is an error naming it.
    static func build<T>(_ node: YAMLNode, from parts: [RecipePart<T>], seam: String, context: RecipeContext)
        throws(AdvGlueError) -> T
    {
        var map = try node.mapping()
        let typeNode = try map.required("type")
        let name = try typeNode.string()
        guard let part = parts.first(where: { $0.type == name }) else {
            throw typeNode.error("unknown \(seam) '\(name)' (known: \(parts.map(\.type).joined(separator: ", ")))")
        }
        let built = try part.build(&map, context)
        try map.finish()
        return built
    }
}
