// A STIX 2.1 bundle (indicators, a report, a relationship) into ThreatConnect: each pattern's
// values become indicators, the report a Report group (its xid the STIX id), and the report's
// object_refs and the relationship associations. A pattern that is no exact value (LIKE) is
// rejected with its line, so nothing goes unseen; the identity object is skipped.
//   bin/tcbatch dsl-examples/stix_bundle.groovy [BUNDLE.json]
def bundle = args ? args[0] : 'samples/bundle.json'

def run = batch {
    owner 'Example Org'
    upload stix(bundle)          // file(bundle) would do too: a .json whose start says "type": "bundle"
    defaults { tag 'stix-import' }
}
println "planned: read ${run.plan.read}, rejected ${run.plan.rejected}"
def summary = watch()
println "indicators, groups and associations: succeeded ${summary.totals.succeeded} of ${summary.totals.submitted}"
