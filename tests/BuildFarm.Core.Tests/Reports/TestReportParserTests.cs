using System.Text;
using BuildFarm.Core.Reports;

namespace BuildFarm.Core.Tests.Reports;

public sealed class TestReportParserTests
{
    private static IReadOnlyList<TestCase> Parse(string format, string xml) =>
        TestReportParser.Parse(format, new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void JUnit_xml_with_nested_suites_and_every_outcome()
    {
        var cases = Parse(TestReportFormats.JUnitXml, """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="all" tests="5">
              <testsuite name="math" tests="3">
                <testcase classname="math.Adding" name="adds" time="0.25"/>
                <testcase classname="math.Adding" name="overflows" time="1.5">
                  <failure message="expected 4 but was 5" type="AssertionError">at math.Adding.overflows(Adding.java:12)</failure>
                </testcase>
                <testsuite name="nested">
                  <testcase name="inherits the suite name"><skipped message="not on Linux"/></testcase>
                </testsuite>
              </testsuite>
              <testsuite name="io">
                <testcase classname="io.Files" name="reads" time="0.001"><error message="disk gone">IOException</error></testcase>
                <testcase classname="io.Files" name="writes" time="not a number"/>
              </testsuite>
            </testsuites>
            """);
        Assert.Equal(5, cases.Count);
        Assert.Equal(new TestCase { Suite = "math.Adding", Name = "adds", Status = TestStatus.Passed, Duration = TimeSpan.FromMilliseconds(250) }, cases[0]);
        Assert.Equal(TestStatus.Failed, cases[1].Status);
        Assert.Equal("expected 4 but was 5\nat math.Adding.overflows(Adding.java:12)", cases[1].Message);
        Assert.Equal(("nested", TestStatus.Skipped, "not on Linux"), (cases[2].Suite, cases[2].Status, cases[2].Message));
        Assert.Equal((TestStatus.Error, "disk gone\nIOException"), (cases[3].Status, cases[3].Message));
        Assert.Equal(TimeSpan.Zero, cases[4].Duration);
        Assert.Equal(new TestCounts(5, 2, 1, 1, 1), TestCounts.Of(cases));
    }

    [Fact]
    public void NUnit3_xml()
    {
        var cases = Parse(TestReportFormats.NUnit3Xml, """
            <test-run id="0" testcasecount="4" result="Failed" total="4" passed="1" failed="2" skipped="1">
              <test-suite type="Assembly" name="App.Tests.dll" fullname="App.Tests.dll">
                <test-suite type="TestFixture" name="Parser" fullname="App.Tests.Parser">
                  <test-case name="Parses" fullname="App.Tests.Parser.Parses" classname="App.Tests.Parser" result="Passed" duration="0.012"/>
                  <test-case name="Rejects" fullname="App.Tests.Parser.Rejects" classname="App.Tests.Parser" result="Failed" duration="0.5">
                    <failure><message><![CDATA[Expected: 3  But was: 4]]></message><stack-trace><![CDATA[at App.Tests.Parser.Rejects()]]></stack-trace></failure>
                  </test-case>
                  <test-case name="Throws" fullname="App.Tests.Parser.Throws" result="Failed" label="Error" duration="0.1">
                    <failure><message>System.NullReferenceException</message></failure>
                  </test-case>
                  <test-case name="Later" fullname="App.Tests.Parser.Later" classname="App.Tests.Parser" result="Skipped" label="Ignored">
                    <reason><message>not yet</message></reason>
                  </test-case>
                </test-suite>
              </test-suite>
            </test-run>
            """);
        Assert.Equal(["Passed", "Failed", "Error", "Skipped"], cases.Select(c => c.Status.ToString()));
        Assert.Equal("Expected: 3  But was: 4\nat App.Tests.Parser.Rejects()", cases[1].Message);
        Assert.Equal("App.Tests.Parser", cases[2].Suite); // from the enclosing fixture when the case has no classname
        Assert.Equal("not yet", cases[3].Message);
        Assert.Null(cases[0].Message);
    }

    [Fact]
    public void Visual_studio_trx()
    {
        var cases = Parse(TestReportFormats.VisualStudioTrx, """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testId="t1" testName="Adds" outcome="Passed" duration="00:00:00.0150000" />
                <UnitTestResult testId="t2" testName="Divides" outcome="Failed" duration="00:00:01.2500000">
                  <Output><ErrorInfo><Message>Assert.Equal() Failure: expected 2, actual 3</Message><StackTrace>at Calc.Divides()</StackTrace></ErrorInfo></Output>
                </UnitTestResult>
                <UnitTestResult testId="t3" testName="Later" outcome="NotExecuted" />
              </Results>
              <TestDefinitions>
                <UnitTest id="t1" name="Adds"><TestMethod className="Calc.Tests" name="Adds" /></UnitTest>
                <UnitTest id="t2" name="Divides"><TestMethod className="Calc.Tests" name="Divides" /></UnitTest>
              </TestDefinitions>
            </TestRun>
            """);
        Assert.Equal([("Calc.Tests", "Adds", TestStatus.Passed), ("Calc.Tests", "Divides", TestStatus.Failed), ("", "Later", TestStatus.Skipped)],
            cases.Select(c => (c.Suite, c.Name, c.Status)));
        Assert.Equal(TimeSpan.FromMilliseconds(1250), cases[1].Duration);
        Assert.Equal("Assert.Equal() Failure: expected 2, actual 3\nat Calc.Divides()", cases[1].Message);
    }

    [Theory]
    [InlineData(TestReportFormats.JUnitXml, "<testsuites><testcase name='a'>", "not well-formed XML")]
    [InlineData(TestReportFormats.JUnitXml, "<test-run/>", "the root element is <test-run>; a JUnit XML report starts with <testsuites> or <testsuite>")]
    [InlineData(TestReportFormats.NUnit3Xml, "<test-run><test-case name='a' result='Odd'/></test-run>", "test case result 'Odd' is not an NUnit 3 result")]
    [InlineData(TestReportFormats.VisualStudioTrx, "<TestRun/>", "a TRX report starts with <TestRun> in namespace")]
    [InlineData(TestReportFormats.JUnitXml, "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><testsuites>&e;</testsuites>", "not well-formed XML")]
    public void Refuses_files_that_are_not_the_format(string format, string xml, string expected)
    {
        var e = Assert.Throws<TestReportException>(() => Parse(format, xml));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_stored_report_reads_back_as_written()
    {
        var report = new TestReport
        {
            Group = "unit",
            Format = TestReportFormats.JUnitXml,
            Cases = [new TestCase { Suite = "s", Name = "n", Status = TestStatus.Failed, Duration = TimeSpan.FromSeconds(1.5), Message = "boom" },
                     new TestCase { Name = "ok", Status = TestStatus.Passed }],
        };
        var back = TestReportCodec.Decode(TestReportCodec.Encode(report));
        Assert.Equal(report.Group, back.Group);
        Assert.Equal(report.Cases, back.Cases);
        Assert.Contains("\"status\":\"Failed\"", Encoding.UTF8.GetString(TestReportCodec.Encode(report)));
    }
}
