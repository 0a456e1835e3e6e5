import AdvGlueReports
import AdvGlueResults
import Foundation

/// A saved probe run (`advglue probe`): `probe.md`, `probe.json`, `run.json` and charts.
struct ProbeBundle {
    var probe: ProbeFile
    var context: ReportContext

    func files(_ formats: Set<OutputFormat>) throws -> OutputFiles {
        var out = OutputFiles()
        if formats.contains(.md) {
            out.add(ProbeReport.markdownFileName, ProbeReport.markdown(probe, context: context))
        }
        if formats.contains(.json) {
            out.add(ProbeFile.fileName, try probe.encoded())
            out.add(ReportContext.fileName, try context.encoded())
        }
        if formats.contains(.svg) {
            out.add(ProbeReport.reliabilityChart, ProbeReport.reliabilitySVG(probe.result))
            out.add(ProbeReport.temperatureChart, ProbeReport.temperatureSVG(probe.result))
        }
        return out
    }

    static func load(from folder: URL) throws -> ProbeBundle {
        ProbeBundle(
            probe: try SavedFiles.read(folder.appending(path: ProbeFile.fileName)) { try ProbeFile.decode($0) },
            context: try SavedFiles.read(folder.appending(path: ReportContext.fileName)) {
                try ReportContext.decode($0)
            })
    }
}
