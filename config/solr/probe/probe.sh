#!/bin/sh
# Optional: print how schema.xml's Japanese analysis cuts sample texts and
# which datasets CKAN-like queries find, using Lucene (not Solr) from Debian:
#   apt-get install default-jdk-headless liblucene8-java libicu4j-java
# Usage: config/solr/probe/probe.sh [path/to/schema.xml]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
schema=${1:-$here/../schema.xml}
jar() { ls /usr/share/java/$1*.jar 2>/dev/null | head -n 1; }
cp=""
for name in lucene-core-8 lucene-analyzers-common-8 lucene-analyzers-kuromoji-8 \
            lucene-analyzers-icu-8 icu4j; do
  j=$(jar "$name")
  if [ -z "$j" ]; then
    echo "probe.sh: /usr/share/java/$name*.jar not found;" \
         "apt-get install liblucene8-java libicu4j-java" >&2
    exit 2
  fi
  cp="$cp${cp:+:}$j"
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -nowarn -d "$out" -cp "$cp" "$here/AnalysisProbe.java"
java -cp "$cp:$out" AnalysisProbe "$schema"
