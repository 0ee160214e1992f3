namespace BuildFarm.Core.Definitions.Documents;

/// <summary>A sink for a document tree, so one walk over a declaration writes YAML and JSON alike.</summary>
internal interface IDocumentWriter
{
    void BeginMap();
    void EndMap();
    void Key(string name);
    void BeginList();
    void EndList();
    void String(string? value);
    void Integer(int value);
    void Boolean(bool value);
}
