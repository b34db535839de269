import Foundation

/// Where the official camt.053 schemas shipped with o2c are: the module's resource bundle next
/// to the executable (`o2c_O2CDocuments.resources/camt`), `$O2C_SCHEMAS`, or the source tree of
/// a development checkout. Looked up without `Bundle.module`, which would stop the process
/// when the bundle is missing; a missing schema is an error that says where it was looked for.
enum CamtSchemas {
    static let bundleName = "o2c_O2CDocuments.resources"

    static func path(version: String, file: String) throws(DocumentError) -> String {
        let name = version + ".xsd"
        var folders: [String] = []
        if let dir = ProcessInfo.processInfo.environment["O2C_SCHEMAS"], !dir.isEmpty { folders.append(dir) }
        let executableDir = (Bundle.main.executablePath.map { ($0 as NSString).deletingLastPathComponent }) ?? Bundle.main.bundlePath
        folders.append(executableDir + "/" + bundleName + "/camt")
        folders.append(Bundle.main.bundlePath + "/" + bundleName + "/camt")
        // Test runners live inside the build folder, beside the bundle.
        folders.append(((Bundle.main.bundlePath as NSString).deletingLastPathComponent as String) + "/" + bundleName + "/camt")
        folders.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Resources/camt")
        for folder in folders {
            let candidate = folder + "/" + name
            if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
        }
        throw DocumentError(.schemasMissing, file: file,
                            "the official schema \(name) that o2c validates statements with is not installed (looked in \(folders.joined(separator: ", "))); reinstall o2c with its \(bundleName) folder, or set O2C_SCHEMAS to a folder holding it")
    }
}
