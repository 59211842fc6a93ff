// A Delete clean-up, rehearsed first. Without an argument it is a dry run: the list is read and
// checked, the plan is printed, nothing is sent (exit 0). With --really it deletes the same
// indicators from the owner.
//   bin/tcbatch dsl-examples/delete_cleanup.groovy            # the plan only
//   bin/tcbatch --yes dsl-examples/delete_cleanup.groovy --really   # the Delete (--yes: it asks, as import does)
def really = args && args[0] == '--really'

def run = batch {
    owner 'Example Org'
    action Delete
    dryRun !really               // true: read, check and print the plan, send nothing
    upload file('samples/cleanup.txt')
}
def summary = watch(run)
if (really) {
    println "deleted ${summary.totals.succeeded} of ${summary.totals.read}"
} else {
    println "dry run: ${summary.totals.planned} indicator(s) would be deleted; run again with --really"
}
