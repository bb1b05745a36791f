import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Before | after, side by side and scaled down, for the figures of issue 18 (docs/reports/figures-progress-18.md).
 * Usage: java -Djava.awt.headless=true SideBySide.java BEFORE_DIR AFTER_DIR OUT_DIR WIDTH NAME.png...
 * Writes OUT_DIR/NAME.png: the before figure on the left, the after figure on the right, each WIDTH pixels wide.
 */
public class SideBySide {
    public static void main(String[] args) throws Exception {
        File before = new File(args[0]);
        File after = new File(args[1]);
        File out = new File(args[2]);
        int width = Integer.parseInt(args[3]);
        out.mkdirs();
        for (int i = 4; i < args.length; i++) {
            BufferedImage a = ImageIO.read(new File(before, args[i]));
            BufferedImage b = ImageIO.read(new File(after, args[i]));
            int ha = a.getHeight() * width / a.getWidth();
            int hb = b.getHeight() * width / b.getWidth();
            int gap = 12;
            BufferedImage both = new BufferedImage(2 * width + gap, Math.max(ha, hb), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = both.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(a, 0, 0, width, ha, null);
            g.drawImage(b, width + gap, 0, width, hb, null);
            g.setColor(Color.GRAY);
            g.fillRect(width + gap / 2 - 1, 0, 2, both.getHeight());
            g.dispose();
            ImageIO.write(both, "png", new File(out, args[i]));
        }
    }
}
