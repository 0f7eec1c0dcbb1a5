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
java %LLMCOST_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
