@echo off
rem Runs the llmcost command line on Windows, building it with the Maven Wrapper on first use.
rem Needs only a JDK 17+ on the PATH. (Rebuild after changing sources: mvnw -q -B -DskipTests -pl cli -am package)
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%cli\target\llmcost.jar"
if not exist "%JAR%" (
  echo llmcost: building the command line ^(first run^)... 1>&2
  pushd "%HERE%"
  call mvnw.cmd -q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dllmcost.cds.skip=true -pl cli -am package 1>&2
  if errorlevel 1 ( popd & exit /b 1 )
  popd
)
rem Start-up, as in ./llmcost: the build's class-data-sharing archive when there is one (a stale or
rem foreign one falls back silently), and C1, the serial collector and no hsperfdata for short commands
set "QUICK="
for %%c in (params bill catalog regions train infer capacity) do if "%~1"=="%%c" set "QUICK=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
set "CDS="
if exist "%HERE%cli\target\llmcost.jsa" set "CDS=-XX:SharedArchiveFile=%HERE%cli\target\llmcost.jsa -Xshare:auto -Xlog:cds=off,cds+dynamic=off"
java %QUICK% %CDS% %LLMCOST_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
