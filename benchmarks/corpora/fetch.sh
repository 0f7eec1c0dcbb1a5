#!/usr/bin/env bash
# Builds the tokenizer benchmark corpora into benchmarks/target/corpora from packages pinned by
# version and SHA-256 (Debian's libreoffice-help-* 7.4.7 and Guava's sources jar from Maven
# Central): en, zh, ja, ko, ru and code (2.0 MB each, for TokenizerBenchmark and
# ReferenceTokenizerBenchmark, llmcost against jtokkit and DJL), and train-10mb (the six
# concatenated and cut to 10 MiB, for BpeTrainerBenchmark and ChineseTokenizerDesign's training).
# Needs apt-get and dpkg-deb (Debian/Ubuntu); run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=benchmarks/target/corpora
work=benchmarks/target/corpora-work
mkdir -p "$out" "$work/deb" "$work/help"

version='4:7.4.7-1+deb12u14'
declare -A debs=(
  [en-us]=8faa840285734d6cfe1ed25537b48f07e74bd6412e3917bf8e5f8a653f7b3712
  [zh-cn]=db867cdece4c2f9c7eebe65e519c6cf386fdcf49d6e061db3dffec893b3e1dee
  [ja]=7799ace9bfe0845771ed2499913e7f7e521318cf3727c007672e3b020f8eb7b9
  [ko]=7ef2d854e9ed58e6bf861cfa9fa2579555233f9df874baf327fcb07ccd190669
  [ru]=5a2f75d5b0dfcf660275070647af528a81be28b5d3e9c3ec2d419ef5518db7a2
)
for lang in "${!debs[@]}"; do
  pkg="libreoffice-help-$lang"
  file=$(ls "$work/deb/${pkg}_"*.deb 2>/dev/null || true)
  if [ -z "$file" ]; then
    (cd "$work/deb" && apt-get download "$pkg=$version")
    file=$(ls "$work/deb/${pkg}_"*.deb)
  fi
  echo "${debs[$lang]}  $file" | sha256sum -c --quiet
  rm -rf "$work/help/$lang" && mkdir -p "$work/help/$lang"
  dpkg-deb -x "$file" "$work/help/$lang"
done

jar="$work/guava-33.4.8-jre-sources.jar"
if [ ! -f "$jar" ]; then
  ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=com.google.guava:guava:33.4.8-jre:jar:sources -DoutputDirectory="$PWD/$work" -f core/pom.xml
fi
echo "9d3c6aad893daac9d4812eb9fa4c3f7956a9f2e472eb7df2fea0e467fed7e766  $jar" | sha256sum -c --quiet

./mvnw -B -q -Pfast -DskipTests -pl benchmarks -am package
java -cp benchmarks/target/benchmarks.jar dev.llmcost.benchmarks.corpus.CorpusBuilder "$out" "$work/help" "$jar"
