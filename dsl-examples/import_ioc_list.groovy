// Import a plain-text IOC list: one value per line, comments and blank lines skipped, the type
// of each value detected, defanged values (hxxp, [.]) restored. Lines that are no indicator are
// not sent: they are listed, with their line numbers, in the run's rejects file.
//   bin/tcbatch dsl-examples/import_ioc_list.groovy [LIST.txt]
def list = args ? args[0] : 'samples/iocs.txt'

batch {
    owner 'Example Org'
    action Create
    attributeWriteType Append
    upload file(list)
}
def summary = watch()
println "read ${summary.totals.read}, sent ${summary.totals.submitted}, rejected ${summary.totals.rejected}"
