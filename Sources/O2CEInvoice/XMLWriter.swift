/// A small streaming XML writer: elements are opened, filled and closed in document order, each
/// text and attribute escaped by `XMLText`, two spaces of indentation per level.
struct XMLWriter {
    private(set) var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        output += indent + "<" + name + attributeText(attributes) + ">\n"
        open.append(name)
    }

    mutating func end() {
        guard let name = open.popLast() else { return }
        output += indent + "</" + name + ">\n"
    }

    /// `<name attr="…">text</name>`.
    mutating func leaf(_ name: String, _ text: String, _ attributes: [(String, String)] = []) {
        output += indent + "<" + name + attributeText(attributes) + ">" + XMLText.escape(text) + "</" + name + ">\n"
    }

    /// A leaf only when `text` is there and not empty.
    mutating func leaf(_ name: String, ifPresent text: String?, _ attributes: [(String, String)] = []) {
        if let text, !text.isEmpty { leaf(name, text, attributes) }
    }

    /// `start`, `body`, `end`.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLWriter) -> Void) {
        start(name, attributes)
        body(&self)
        end()
    }

    private var indent: String { String(repeating: "  ", count: open.count) }

    private func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " " + $0.0 + "=\"" + XMLText.escape($0.1, attribute: true) + "\"" }.joined()
    }
}
