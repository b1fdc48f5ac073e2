import java.time.*;
import java.time.format.*;
import java.util.*;
// Prints {zoneId: [std short, dst short, std long, dst long]} as java.time's 'z'/'zzzz' print them
// (Locale.US) -- the data behind local/java/zoneText.ts. Regenerate with a JDK (17 made the file):
//   cd local/java && java ZoneNames.java > zoneNames.json
public class ZoneNames {
  public static void main(String[] a) {
    TreeMap<String, String[]> out = new TreeMap<>();
    for (String id : ZoneId.getAvailableZoneIds()) {
      TimeZone tz = TimeZone.getTimeZone(id);
      out.put(id, new String[] { tz.getDisplayName(false, TimeZone.SHORT, Locale.US), tz.getDisplayName(true, TimeZone.SHORT, Locale.US),
        tz.getDisplayName(false, TimeZone.LONG, Locale.US), tz.getDisplayName(true, TimeZone.LONG, Locale.US) });
    }
    StringBuilder sb = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, String[]> e : out.entrySet()) {
      String[] v = e.getValue();
      sb.append("  \"").append(e.getKey()).append("\": [\"").append(String.join("\", \"", v)).append("\"]").append(++i < out.size() ? ",\n" : "\n");
    }
    System.out.print(sb.append("}\n"));
  }
}
