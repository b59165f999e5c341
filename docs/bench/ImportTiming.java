// Ledger import speed on a running stack (./lawstats up): a 10,000-row ledger as Excel and as GB18030 CSV, against
// the baseline of the same events posted to the gateway as NDJSON, in the same run. Run by docs/bench/import-timing.sh.
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

public class ImportTiming {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String auth;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8080";
        auth = "Basic " + Base64.getEncoder().encodeToString("justice-emitter:emitter-demo".getBytes(StandardCharsets.UTF_8));
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String run = Long.toString(System.currentTimeMillis(), 36);
        String[] headers = {"结业日期", "人员编号", "课程编号", "课程名称", "学时"};

        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            ndjson.append("{\"eventId\":\"nk.justice:bench-gw-").append(run).append('-').append(i)
                    .append("\",\"type\":\"training.completed\",\"unitId\":\"nk.justice\",\"occurredAt\":\"2023-0")
                    .append(1 + i % 9).append("-1").append(i % 9).append("T00:00:00+08:00\",\"payload\":{\"personId\":\"gw-")
                    .append(run).append('-').append(i).append("\",\"courseId\":\"law-2023\",\"courseName\":\"宪法专题\",\"hours\":4}}\n");
        }
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("台账");
            Row top = sheet.createRow(0);
            for (int c = 0; c < headers.length; c++) top.createCell(c).setCellValue(headers[c]);
            for (int i = 0; i < rows; i++) {
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue("2023-0" + (1 + i % 9) + "-1" + (i % 9));
                row.createCell(1).setCellValue("ledger-" + run + "-" + i);
                row.createCell(2).setCellValue("law-2023");
                row.createCell(3).setCellValue("宪法专题");
                row.createCell(4).setCellValue(4);
            }
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        StringBuilder csv = new StringBuilder(String.join(",", headers)).append("\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append("2023/").append(1 + i % 9).append("/1").append(i % 9).append(",ledger-").append(run).append('-')
                    .append(i).append(",law-2023,宪法专题,4\r\n");
        }
        byte[] gb = csv.toString().getBytes(Charset.forName("GB18030"));

        System.out.printf("%d rows; xlsx %,d bytes, csv %,d bytes%n", rows, xlsx.length, gb.length);
        System.out.println("| step | time | answer |");
        System.out.println("| --- | --- | --- |");
        timed("baseline: the same events as NDJSON to POST /api/v1/events", () -> post("/api/v1/events",
                "application/x-ndjson", ndjson.toString().getBytes(StandardCharsets.UTF_8)));
        timed("import .xlsx, preview (dryRun)", () -> upload(xlsx, "ledger.xlsx", true));
        timed("import .xlsx", () -> upload(xlsx, "ledger.xlsx", false));
        Thread.sleep(15_000); // the aggregator stores the rows; the comparison reads what is stored
        timed("import .xlsx again (all unchanged)", () -> upload(xlsx, "ledger.xlsx", false));
        timed("import the same ledger as GB18030 .csv (all unchanged)", () -> upload(gb, "ledger.csv", false));
    }

    interface Step { String run() throws Exception; }

    static void timed(String name, Step step) throws Exception {
        long start = System.nanoTime();
        String answer = step.run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("| %s | %,d ms | %s |%n", name, ms, answer.length() > 90 ? answer.substring(0, 90) + "…" : answer);
    }

    static String post(String path, String type, byte[] body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + (r.statusCode() == 202 ? " accepted" : " " + r.body());
    }

    static String upload(byte[] file, String name, boolean dryRun) throws Exception {
        String boundary = "b" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] f : new String[][] {{"type", "training.completed"}, {"unit", "nk.justice"}, {"dryRun", Boolean.toString(dryRun)}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post("/api/v1/imports", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }
}
