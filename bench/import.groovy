// The end-to-end benchmark import: the generated file into the built-in sandbox, as a user would.
//   bin/tcbatch --output json run bench/import.groovy FILE
batch {
    owner 'Example Org'
    action Create
    attributeWriteType Append
    haltOnError false
    upload file(args[0])
}
watch()
